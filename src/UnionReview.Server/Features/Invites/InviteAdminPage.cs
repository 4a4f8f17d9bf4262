namespace UnionReview.Server.Features.Invites;

/// <summary>The invite page (one self-contained HTML file, Vietnamese).</summary>
internal static class InviteAdminPage
{
    public const string Html = """
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>UnionReview – Mã mời</title>
<style>
  body { margin:0; font:15px/1.45 system-ui, "Segoe UI", Roboto, sans-serif; background:#f4f1ec; color:#1f1f1f; }
  header { background:#b71c1c; color:#fff; padding:10px 16px; } header h1 { font-size:17px; margin:0; }
  main { max-width:860px; margin:0 auto; padding:16px; }
  form, .card { background:#fff; border-radius:10px; padding:14px; margin-bottom:14px; box-shadow:0 1px 1px rgba(0,0,0,.08); }
  label { display:block; margin:6px 0 2px; } select, input { font:inherit; padding:6px; border-radius:6px; border:1px solid #cfc6ba; }
  button { background:#b71c1c; color:#fff; border:0; border-radius:8px; padding:8px 16px; font:inherit; cursor:pointer; margin-top:10px; }
  code { font-size:18px; background:#fbeaea; padding:2px 6px; border-radius:4px; }
  table { width:100%; border-collapse:collapse; } td, th { text-align:left; padding:4px 6px; border-bottom:1px solid #eee; font-size:14px; }
  .error { color:#b71c1c; }
</style>
</head>
<body>
<header><h1>UnionReview · Tạo mã mời cho cán bộ và thành viên Ban Thường vụ</h1></header>
<main>
<form id="form">
  <label for="person">Người được mời</label>
  <select id="person" required><option value="">— chọn —</option></select>
  <label for="days">Hết hạn sau (ngày)</label>
  <input id="days" type="number" min="1" max="90" value="7">
  <div><button>Tạo mã mời</button></div>
  <p>Mỗi mã chỉ dùng được một lần. Người được mời gửi <b>/start &lt;mã&gt;</b> cho bot hoặc bấm đường liên kết.</p>
</form>
<div id="result" class="card" hidden></div>
<div class="card"><h2 style="font-size:16px;margin:0 0 8px">Mã mời gần đây</h2><table id="recent"><thead><tr><th>Mã</th><th>Người</th><th>Hết hạn</th><th>Đã dùng</th></tr></thead><tbody></tbody></table></div>
</main>
<script>
const $ = id => document.getElementById(id);
const text = (tag, value) => { const e = document.createElement(tag); e.textContent = value; return e; };
const when = v => v ? new Date(v).toLocaleString('vi-VN') : '';
async function load() {
  const people = await (await fetch('/api/webchat/people')).json();
  for (const p of people) { const o = document.createElement('option'); o.value = p.id; o.textContent = `${p.name} (${p.roles})`; $('person').append(o); }
  await recent();
}
async function recent() {
  const rows = await (await fetch('/api/admin/invites')).json();
  const body = $('recent').querySelector('tbody'); body.replaceChildren();
  for (const r of rows) { const tr = document.createElement('tr'); tr.append(text('td', r.code), text('td', r.person), text('td', when(r.expiresAt)), text('td', r.usedAt ? `${when(r.usedAt)} (${r.usedBy})` : 'chưa')); body.append(tr); }
}
$('form').addEventListener('submit', async e => {
  e.preventDefault();
  const result = $('result'); result.hidden = false; result.replaceChildren();
  try {
    const res = await fetch('/api/admin/invites', { method:'POST', headers:{'Content-Type':'application/json'}, body: JSON.stringify({ personId: Number($('person').value), days: Number($('days').value) }) });
    const data = await res.json();
    if (!res.ok) { const p = text('p', data.error || 'Không tạo được mã mời.'); p.className = 'error'; result.append(p); return; }
    const p = text('p', 'Mã mời: '); p.append(text('code', data.code)); result.append(p, text('p', `Hết hạn: ${when(data.expiresAt)}`));
    for (const l of data.links) { const line = text('p', `${l.channel}: `); if (/^https?:\/\//.test(l.url)) { const a = text('a', l.url); a.href = l.url; line.append(a); } else { line.append(l.url); } result.append(line); }
    await recent();
  } catch { const p = text('p', 'Không kết nối được với máy chủ. Hãy thử lại.'); p.className = 'error'; result.append(p); }
});
load();
</script>
</body>
</html>
""";
}
