#!/usr/bin/env bash
# Proves real office software opens the generated documents: builds the demo organisation in a temporary
# database, lets an officer answer the first questions through the console chat, writes the consolidated
# report (.docx) and the indicator workbook (.xlsx) with the "documents" verb, then converts both with
# LibreOffice (headless): the .docx to PDF, the .xlsx to CSV (LibreOffice recalculates the formulas).
# Exit 0 when both convert and the CSV holds the expected figures; 3 when LibreOffice is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "LibreOffice (soffice) is NOT installed: the document conversion check did NOT run."
  echo "Install it with: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui"
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export Database__Path="$work/demo.db" Logging__LogLevel__Default=Warning
server=(dotnet run -c Release --no-build --project src/UnionReview.Server --)

# The school's officer (person 1) starts the report and answers the first question.
printf '/baocao\nBáo cáo kiểm tra chuyển đổi tài liệu: nội dung trả lời câu đầu tiên.\nxong\n' | "${server[@]}" chat --person 1 > "$work/chat.txt"
# Campaign 1: the mid-term report the school answers; campaign 2: the conference's indicator tables (seed 004).
"${server[@]}" documents --out "$work/out" --campaign 1
"${server[@]}" documents --out "$work/tables" --campaign 2

docx=$(ls "$work"/out/*.docx)
xlsx=$(ls "$work"/out/*.xlsx)
soffice --headless --norestore -env:UserInstallation=file://"$work/profile" --convert-to pdf --outdir "$work/pdf" "$docx" > "$work/soffice-docx.txt" 2>&1
soffice --headless --norestore -env:UserInstallation=file://"$work/profile" --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir "$work/csv" "$xlsx" > "$work/soffice-xlsx.txt" 2>&1

pdf="$work/pdf/$(basename "${docx%.docx}").pdf"
csv="$work/csv/$(basename "${xlsx%.xlsx}").csv"
fail=0
if [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-'; then
  echo "OK   $(basename "$docx") → PDF, $(stat -c %s "$pdf") bytes"
else
  echo "FAIL LibreOffice could not convert $(basename "$docx")"; cat "$work/soffice-docx.txt"; fail=1
fi

if [ -s "$csv" ] && grep -q 'CĐCS Trường THPT Thành phố Cao Bằng' "$csv"; then
  echo "OK   $(basename "$xlsx") → CSV, $(wc -l < "$csv") rows; the school's row as LibreOffice computes it:"
  grep 'CĐCS Trường THPT Thành phố Cao Bằng' "$csv"
  # The % column is a formula (answered ÷ questions): LibreOffice must have computed a non-zero share for the school.
  if ! grep 'CĐCS Trường THPT Thành phố Cao Bằng' "$csv" | grep -Eq ',[0-9]+[.,][0-9]%"?$'; then
    echo "FAIL the % formula did not evaluate to a share for the school"; fail=1
  fi
else
  echo "FAIL LibreOffice could not convert $(basename "$xlsx")"; cat "$work/soffice-xlsx.txt"; fail=1
fi
# Every sheet of the conference workbook, as LibreOffice computes its formulas: the social fund's Bảo Lạc row.
tables=$(ls "$work"/tables/*.xlsx)
soffice --headless --norestore -env:UserInstallation=file://"$work/profile" \
  --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1" --outdir "$work/tables-csv" "$tables" > "$work/soffice-tables.txt" 2>&1
fund=$(grep -l 'Số tiền phải nộp' "$work"/tables-csv/*.csv 2>/dev/null | head -n 1 || true)
if [ -n "$fund" ] && grep -q '^1,LĐLĐ Bảo Lạc,1576,78800000,80750000,,102%$' "$fund"; then
  echo "OK   $(basename "$tables") → $(ls "$work"/tables-csv/*.csv | wc -l) sheets; the social fund's first row as LibreOffice computes it:"
  grep 'LĐLĐ Bảo Lạc' "$fund"
else
  echo "FAIL the social fund sheet of $(basename "$tables") did not give Bảo Lạc 80.750.000 of 78.800.000 = 102%"; cat "$work/soffice-tables.txt"; fail=1
fi
exit $fail
