using System.Globalization;
using System.Text.RegularExpressions;
using UnionReview.Dialogs.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace UnionReview.Dialogs.Loading;

/// <summary>One problem in a dialog file: which file, where in it, and what is wrong (in Vietnamese).</summary>
public sealed record OutlineError(string File, int Line, int Column, string Path, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column} ({Path}): {Problem}";
}

/// <summary>Thrown when a dialog file cannot be used; carries every problem found.</summary>
public sealed class OutlineLoadException(IReadOnlyList<OutlineError> errors)
    : Exception("Tệp hội thoại không hợp lệ:\n" + string.Join("\n", errors))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<OutlineError> Errors { get; } = errors;
}

/// <summary>Reads and validates outline files (YAML) from <c>dialogs/</c>.</summary>
public static partial class OutlineLoader
{
    /// <summary>Identifiers fit in a 64-byte chat button payload together with an action prefix.</summary>
    public const int MaxIdLength = 40;
    /// <summary>Option values share the button payload with a question id.</summary>
    public const int MaxOptionValueLength = 16;
    /// <summary>The longest text answer an outline may allow (maxLength).</summary>
    public const int MaxTextLength = 100_000;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file of a folder; all problems of all files are reported together.</summary>
    public static IReadOnlyList<OutlineDefinition> LoadDirectory(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.*")
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var outlines = new List<OutlineDefinition>();
        var errors = new List<OutlineError>();
        foreach (var file in files)
        {
            try
            {
                outlines.Add(LoadFile(file));
            }
            catch (OutlineLoadException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        foreach (var dup in outlines.GroupBy(o => o.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new(directory, 0, 0, "id", $"Mã đề cương “{dup.Key}” bị trùng giữa nhiều tệp."));
        }

        return errors.Count > 0 ? throw new OutlineLoadException(errors) : outlines;
    }

    /// <summary>Loads one file.</summary>
    public static OutlineDefinition LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutlineLoadException([new(path, 0, 0, "", $"Không đọc được tệp: {e.Message}")]);
        }

        return Parse(text, Path.GetFileName(path));
    }

    /// <summary>Parses YAML text; <paramref name="fileName"/> is used in error messages.</summary>
    /// <remarks>
    /// Whatever the text, the outcome is an outline or an <see cref="OutlineLoadException"/> whose problems name a
    /// line and column: nesting deeper than <see cref="MaxDepth"/> and aliases of a list or mapping are refused while
    /// reading, before they can exhaust the stack or multiply the work.
    /// </remarks>
    public static OutlineDefinition Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new GuardedParser(new Parser(scanner));
        try
        {
            stream.Load(parser);
        }
        catch (RefusedYamlException e)
        {
            throw new OutlineLoadException([new(fileName, Line(e.At), Column(e.At), "", e.Problem)]);
        }
        catch (YamlException e) when (e.Start.Line > 0)
        {
            throw new OutlineLoadException([new(fileName, Line(e.Start), Column(e.Start), "", Syntax(e.Message))]);
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException or FormatException or OverflowException or IndexOutOfRangeException or KeyNotFoundException or NotSupportedException)
        {
            // YamlDotNet reports some malformed input without a position: an alias on a continuation line makes the
            // tree builder meet an event it cannot place a few events later (the place is the alias's), an unclosed
            // flow mapping in a block list stops the scanner (the place is where it stopped).
            var at = e is ArgumentException ? parser.RecentAliasStart ?? parser.LastStart ?? scanner.CurrentPosition : scanner.CurrentPosition;
            throw new OutlineLoadException([new(fileName, Line(at), Column(at), "", e is YamlException ? Syntax(e.Message) : UnplacedSyntaxError)]);
        }

        var reader = new Reader(fileName);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new OutlineLoadException([new(fileName, 1, 1, "", "Tệp phải chứa đúng một tài liệu YAML dạng ánh xạ (id, title, parts…).")]);
        }

        OutlineDefinition? outline;
        try
        {
            outline = reader.ReadOutline(root);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or InvalidCastException or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException)
        {
            // Every value is checked before use; should one still slip through, the file is refused at the node
            // being read rather than stopping the service with a stack trace.
            var at = reader.Current?.Start ?? root.Start;
            throw new OutlineLoadException([.. reader.Errors, new(fileName, Line(at), Column(at), "", $"Không đọc được nội dung ở đây ({e.Message}).")]);
        }

        return reader.Errors.Count > 0 || outline is null ? throw new OutlineLoadException(reader.Errors) : outline;
    }

    private const string UnplacedSyntaxError =
        "Lỗi cú pháp YAML: không đọc được cấu trúc ở khoảng này (thường do thụt lề sai, dấu ngoặc [ ] { } không khớp hoặc bí danh “*…” đặt sai chỗ).";

    /// <summary>Lists and mappings nested deeper than this are refused (the outlines use 9 levels).</summary>
    public const int MaxDepth = 64;

    private static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Clamp(mark.Column, 1, int.MaxValue);

    /// <summary>YamlDotNet's message without its own "(Line: …) - (Line: …): " prefix, which the error already gives.</summary>
    private static string Syntax(string message) => "Lỗi cú pháp YAML: " + YamlPositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlPositionPrefix();

    /// <summary>A problem the guarded reader found, with its place.</summary>
    private sealed class RefusedYamlException(Mark at, string problem) : Exception(problem)
    {
        public Mark At { get; } = at;
        public string Problem { get; } = problem;
    }

    /// <summary>
    /// Passes the parser's events through, refusing nesting deeper than <see cref="MaxDepth"/> (YamlDotNet builds
    /// the node tree recursively, so a deep file would overflow the stack) and aliases other than of a text value
    /// (an alias of a list or mapping can repeat it many times over without making the file longer), and keeps the
    /// place of the last event for problems YamlDotNet reports without one.
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private readonly Dictionary<string, bool> _anchorIsScalar = new(StringComparer.Ordinal);
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public Mark? LastStart { get; private set; }

        private long _events;
        private long _aliasEvent = -1_000;
        private Mark _aliasStart;

        /// <summary>Where the last alias was, if it came within the last few events.</summary>
        public Mark? RecentAliasStart => _events - _aliasEvent <= 8 ? _aliasStart : null;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            var current = inner.Current!;
            _events++;
            LastStart = current.Start;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    if (++_depth > MaxDepth)
                    {
                        throw new RefusedYamlException(current.Start, $"Tệp lồng nhau quá sâu: quá {MaxDepth} cấp danh sách hoặc ánh xạ.");
                    }

                    Remember((NodeEvent)current, scalar: false);
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
                case Scalar scalar:
                    Remember(scalar, scalar: true);
                    break;
                case AnchorAlias alias:
                    (_aliasEvent, _aliasStart) = (_events, current.Start);
                    var name = alias.Value.Value;
                    if (!_anchorIsScalar.TryGetValue(name, out var isScalar))
                    {
                        throw new RefusedYamlException(current.Start, $"Bí danh “*{name}” chưa được khai báo (cần một neo “&{name}” ở trước).");
                    }

                    if (!isScalar)
                    {
                        throw new RefusedYamlException(current.Start, $"Bí danh “*{name}” trỏ tới một danh sách hoặc ánh xạ; trong tệp đề cương chỉ dùng bí danh cho một giá trị, hãy viết đầy đủ phần được lặp lại.");
                    }

                    break;
            }

            return true;
        }

        private void Remember(NodeEvent node, bool scalar)
        {
            if (!node.Anchor.IsEmpty)
            {
                _anchorIsScalar[node.Anchor.Value] = scalar;
            }
        }
    }

    private sealed class Reader(string file)
    {
        public List<OutlineError> Errors { get; } = [];
        private readonly HashSet<string> _questionIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _numericQuestionIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _sectionIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _tableIds = new(StringComparer.Ordinal);
        private int _sectionIndex;
        private int _questionIndex;

        /// <summary>The mapping being read, for a problem found without a node of its own.</summary>
        public YamlNode? Current { get; private set; }

        private void Error(YamlNode node, string path, string problem) =>
            Errors.Add(new(file, (int)node.Start.Line, (int)node.Start.Column, path, problem));

        private Dictionary<string, YamlNode> Fields(YamlMappingNode map, string path, params string[] allowed)
        {
            Current = map;
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(key))
                {
                    Error(keyNode, path, $"Khóa “{key}” không được hỗ trợ ở đây. Các khóa hợp lệ: {string.Join(", ", allowed)}.");
                    continue;
                }

                fields[key] = value;
            }

            return fields;
        }

        private string? Str(Dictionary<string, YamlNode> f, YamlNode owner, string path, string key, bool required)
        {
            if (!f.TryGetValue(key, out var node))
            {
                if (required)
                {
                    Error(owner, path, $"Thiếu khóa bắt buộc “{key}”.");
                }

                return null;
            }

            if (node is not YamlScalarNode { Value: { } v } || (required && string.IsNullOrWhiteSpace(v)))
            {
                Error(node, $"{path}.{key}", $"“{key}” phải là một chuỗi không rỗng.");
                return null;
            }

            return v.Trim();
        }

        private string? Id(Dictionary<string, YamlNode> f, YamlNode owner, string path, int maxLength = MaxIdLength)
        {
            var id = Str(f, owner, path, "id", required: true);
            if (id is not null && (!IdPattern().IsMatch(id) || id.Length > maxLength))
            {
                Error(f["id"], $"{path}.id", $"Mã “{id}” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang, dài tối đa {maxLength} ký tự.");
            }

            return id;
        }

        private bool? Bool(Dictionary<string, YamlNode> f, string path, string key)
        {
            if (!f.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is YamlScalarNode { Value: "true" or "false" } s)
            {
                return s.Value == "true";
            }

            Error(node, $"{path}.{key}", $"“{key}” phải là true hoặc false.");
            return null;
        }

        private decimal? Dec(Dictionary<string, YamlNode> f, string path, string key)
        {
            if (!f.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { } v } && decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }

            Error(node, $"{path}.{key}", $"“{key}” phải là một số (viết kiểu 1000 hoặc 2.5).");
            return null;
        }

        /// <summary>A whole number within [min, max]; anything else (a fraction, a huge number, text) is reported.</summary>
        private int? Int(Dictionary<string, YamlNode> f, string path, string key, int min, int max, string problem)
        {
            if (!f.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { } v } && int.TryParse(v.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            Error(node, $"{path}.{key}", problem);
            return null;
        }

        private List<T> List<T>(Dictionary<string, YamlNode> f, YamlNode owner, string path, string key, bool required, Func<YamlNode, string, T?> read)
            where T : class
        {
            if (!f.TryGetValue(key, out var node))
            {
                if (required)
                {
                    Error(owner, path, $"Thiếu danh sách bắt buộc “{key}”.");
                }

                return [];
            }

            if (node is not YamlSequenceNode seq || (required && seq.Children.Count == 0))
            {
                Error(node, $"{path}.{key}", $"“{key}” phải là một danh sách{(required ? " không rỗng" : "")}.");
                return [];
            }

            var items = new List<T>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (read(seq.Children[i], $"{path}.{key}[{i}]") is { } item)
                {
                    items.Add(item);
                }
            }

            return items;
        }

        public OutlineDefinition? ReadOutline(YamlMappingNode root)
        {
            var f = Fields(root, "", "id", "title", "description", "indicators", "tables", "parts");
            var id = Id(f, root, "(gốc)", maxLength: 60);
            var title = Str(f, root, "(gốc)", "title", required: true);
            var description = Str(f, root, "(gốc)", "description", required: false);
            var indicators = List(f, root, "", "indicators", required: false, ReadIndicator);
            foreach (var dup in indicators.GroupBy(i => i.Id).Where(g => g.Count() > 1))
            {
                Error(root, "indicators", $"Mã chỉ tiêu “{dup.Key}” bị trùng.");
            }

            var indicatorMap = indicators.DistinctBy(i => i.Id).ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var indicator in indicators.Where(i => i.Basis is not null && !indicatorMap.ContainsKey(i.Basis)))
            {
                Error(f["indicators"], "indicators", $"Chỉ tiêu “{indicator.Id}” tính KH giao theo “{indicator.Basis}”, nhưng chỉ tiêu đó chưa được khai báo.");
            }

            var tables = List(f, root, "", "tables", required: false, (n, p) => ReadTable(n, p, indicatorMap));
            foreach (var dup in tables.GroupBy(t => t.Id).Where(g => g.Count() > 1))
            {
                Error(f["tables"], "tables", $"Mã bảng “{dup.Key}” bị trùng.");
            }

            _tableIds.UnionWith(tables.Select(t => t.Id));
            var parts = List(f, root, "", "parts", required: true, (n, p) => ReadPart(n, p, indicatorMap));
            return id is null || title is null || Errors.Count > 0 ? null : new OutlineDefinition(id, title, description, parts, indicators, tables);
        }

        private IndicatorTableDefinition? ReadTable(YamlNode node, string path, Dictionary<string, IndicatorDefinition> indicators)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi bảng phải là một ánh xạ (id, title, indicators, sortBy, footnote).");
                return null;
            }

            var f = Fields(map, path, "id", "title", "indicators", "sortBy", "footnote", "percentDecimals");
            var id = Id(f, map, path);
            var title = Str(f, map, path, "title", required: true);
            var ids = List(f, map, path, "indicators", required: true, (n, p) =>
            {
                if (n is YamlScalarNode { Value: { } v } && indicators.ContainsKey(v.Trim()))
                {
                    return v.Trim();
                }

                Error(n, p, $"Chỉ tiêu “{(n as YamlScalarNode)?.Value}” chưa được khai báo trong danh sách indicators.");
                return null;
            });
            var sortBy = Str(f, map, path, "sortBy", required: false);
            if (sortBy is not null && !ids.Contains(sortBy))
            {
                Error(f["sortBy"], $"{path}.sortBy", $"sortBy phải là một chỉ tiêu của bảng ({string.Join(", ", ids)}).");
            }

            var decimals = 1;
            if (f.TryGetValue("percentDecimals", out var dn))
            {
                if (dn is YamlScalarNode { Value: { } dv } && int.TryParse(dv, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d <= 2)
                {
                    decimals = d;
                }
                else
                {
                    Error(dn, $"{path}.percentDecimals", "percentDecimals phải là 0, 1 hoặc 2 (số chữ số thập phân của tỷ lệ %).");
                }
            }

            return id is null || title is null || ids.Count == 0
                ? null
                : new IndicatorTableDefinition(id, title, ids) { SortBy = sortBy, Footnote = Str(f, map, path, "footnote", required: false), PercentDecimals = decimals };
        }

        private IndicatorDefinition? ReadIndicator(YamlNode node, string path)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi chỉ tiêu phải là một ánh xạ (id, name, unit, aggregate).");
                return null;
            }

            var f = Fields(map, path, "id", "name", "unit", "aggregate", "basis", "rate");
            var id = Id(f, map, path);
            var name = Str(f, map, path, "name", required: true);
            var unit = Str(f, map, path, "unit", required: true);
            var aggregateText = Str(f, map, path, "aggregate", required: false) ?? "sum";
            IndicatorAggregate? aggregate = aggregateText switch
            {
                "sum" => IndicatorAggregate.Sum,
                "average" => IndicatorAggregate.Average,
                "max" => IndicatorAggregate.Max,
                _ => null,
            };
            if (aggregate is null)
            {
                Error(f["aggregate"], $"{path}.aggregate", $"Cách cộng dồn “{aggregateText}” không hợp lệ; dùng sum, average hoặc max.");
            }

            var basis = Str(f, map, path, "basis", required: false);
            var rate = Dec(f, path, "rate");
            if (rate is not null && basis is null)
            {
                Error(f["rate"], $"{path}.rate", "“rate” chỉ dùng cùng “basis” (KH giao = chỉ tiêu basis × rate).");
            }

            if (rate is <= 0)
            {
                Error(f["rate"], $"{path}.rate", "“rate” phải lớn hơn 0.");
            }

            if (basis is not null && basis == id)
            {
                Error(f["basis"], $"{path}.basis", "Một chỉ tiêu không thể tính KH giao theo chính nó.");
            }

            return id is null || name is null || unit is null || aggregate is null ? null : new(id, name, unit, aggregate.Value) { Basis = basis, Rate = rate ?? 1m };
        }

        private PartDefinition? ReadPart(YamlNode node, string path, Dictionary<string, IndicatorDefinition> indicators)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi phần phải là một ánh xạ (id, title, sections).");
                return null;
            }

            var f = Fields(map, path, "id", "title", "subtitle", "sections");
            var id = Id(f, map, path);
            var title = Str(f, map, path, "title", required: true);
            var subtitle = Str(f, map, path, "subtitle", required: false);
            var sections = List(f, map, path, "sections", required: true, (n, p) => ReadSection(n, p, id ?? "", indicators));
            return id is null || title is null ? null : new(id, title, subtitle, sections);
        }

        private SectionDefinition? ReadSection(YamlNode node, string path, string partId, Dictionary<string, IndicatorDefinition> indicators)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi mục phải là một ánh xạ (id, code, title, questions).");
                return null;
            }

            var f = Fields(map, path, "id", "code", "heading", "title", "intro", "guidance", "questions");
            var id = Id(f, map, path);
            if (id is not null && !_sectionIds.Add(id))
            {
                Error(f["id"], $"{path}.id", $"Mã mục “{id}” bị trùng.");
            }

            var code = Str(f, map, path, "code", required: true);
            var title = Str(f, map, path, "title", required: true);
            var guidance = List(f, map, path, "guidance", required: false, (n, p) =>
            {
                if (n is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v))
                {
                    return v.Trim();
                }

                Error(n, p, "Mỗi dòng hướng dẫn phải là một chuỗi không rỗng.");
                return null;
            });
            var index = _sectionIndex++;
            var questions = List(f, map, path, "questions", required: true, (n, p) => ReadQuestion(n, p, id ?? "", indicators));
            return id is null || code is null || title is null
                ? null
                : new SectionDefinition
                {
                    Id = id,
                    Code = code,
                    Title = title,
                    Heading = Str(f, map, path, "heading", required: false),
                    Intro = Str(f, map, path, "intro", required: false),
                    Guidance = guidance,
                    Questions = questions,
                    PartId = partId,
                    Index = index,
                };
        }

        private QuestionDefinition? ReadQuestion(YamlNode node, string path, string sectionId, Dictionary<string, IndicatorDefinition> indicators)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi câu hỏi phải là một ánh xạ (id, kind, prompt…).");
                return null;
            }

            var f = Fields(map, path, "id", "kind", "prompt", "help", "required", "maxLength", "minLength", "unit", "integer", "min", "max", "indicator", "options", "multiple", "followUp", "table", "atMost", "levels");
            var id = Id(f, map, path);
            if (id is not null && !_questionIds.Add(id))
            {
                Error(f["id"], $"{path}.id", $"Mã câu hỏi “{id}” bị trùng.");
            }

            var kindText = Str(f, map, path, "kind", required: true);
            QuestionKind? kind = kindText switch
            {
                "text" => QuestionKind.Text,
                "number" => QuestionKind.Number,
                "money" => QuestionKind.Money,
                "indicator" => QuestionKind.Indicator,
                "choice" => QuestionKind.Choice,
                "yesno" => QuestionKind.YesNo,
                null => null,
                _ => null,
            };
            if (kindText is not null && kind is null)
            {
                Error(f["kind"], $"{path}.kind", $"Loại câu hỏi “{kindText}” không hợp lệ; dùng text, number, money, indicator, choice hoặc yesno.");
            }

            var prompt = Str(f, map, path, "prompt", required: true);
            var unit = Str(f, map, path, "unit", required: false);
            var min = Dec(f, path, "min");
            var max = Dec(f, path, "max");
            var maxLength = Int(f, path, "maxLength", 1, MaxTextLength, "maxLength phải từ 1 đến 100000 ký tự.");
            var minLength = Int(f, path, "minLength", 0, MaxTextLength, "minLength phải là một số nguyên từ 0 đến 100000 ký tự.");
            IndicatorDefinition? indicator = null;
            var options = List(f, map, path, "options", required: false, ReadOption);

            void NotFor(string key, string why)
            {
                if (f.TryGetValue(key, out var n))
                {
                    Error(n, $"{path}.{key}", why);
                }
            }

            switch (kind)
            {
                case QuestionKind.Number when unit is null:
                    Error(map, path, "Câu hỏi loại number phải có đơn vị tính (unit), ví dụ “người”.");
                    break;
                case QuestionKind.Indicator:
                    var indicatorId = Str(f, map, path, "indicator", required: true);
                    if (indicatorId is not null && !indicators.TryGetValue(indicatorId, out indicator))
                    {
                        Error(f["indicator"], $"{path}.indicator", $"Chỉ tiêu “{indicatorId}” chưa được khai báo trong danh sách indicators.");
                    }

                    unit ??= indicator?.Unit;
                    break;
                case QuestionKind.Choice:
                    if (options.Count < 2)
                    {
                        Error(map, path, "Câu hỏi loại choice phải có ít nhất hai lựa chọn (options).");
                    }

                    foreach (var dup in options.GroupBy(o => o.Value).Where(g => g.Count() > 1))
                    {
                        Error(f["options"], $"{path}.options", $"Giá trị lựa chọn “{dup.Key}” bị trùng.");
                    }

                    break;
                case QuestionKind.Money:
                    unit = "đồng";
                    break;
            }

            if (kind is not QuestionKind.Indicator)
            {
                NotFor("indicator", "Chỉ câu hỏi loại indicator mới có khóa “indicator”.");
            }

            if (kind is not QuestionKind.Choice)
            {
                NotFor("options", "Chỉ câu hỏi loại choice mới có danh sách lựa chọn.");
                NotFor("multiple", "Chỉ câu hỏi loại choice mới có khóa “multiple”.");
            }

            if (kind is not QuestionKind.Text)
            {
                NotFor("maxLength", "Chỉ câu hỏi loại text mới có maxLength.");
                NotFor("minLength", "Chỉ câu hỏi loại text mới có minLength.");
            }

            if (kind is not (QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator))
            {
                NotFor("min", "Chỉ câu hỏi dạng số mới có min.");
                NotFor("max", "Chỉ câu hỏi dạng số mới có max.");
                NotFor("integer", "Chỉ câu hỏi dạng số mới có integer.");
                NotFor("unit", "Chỉ câu hỏi dạng số mới có đơn vị tính.");
            }

            var followUpText = Str(f, map, path, "followUp", required: false);
            FollowUpKind? followUp = followUpText switch
            {
                null => FollowUpKind.None,
                "solution" => FollowUpKind.Solution,
                _ => null,
            };
            if (followUp is null)
            {
                Error(f["followUp"], $"{path}.followUp", $"followUp “{followUpText}” không hợp lệ; hiện chỉ có “solution” (hỏi giải pháp khi câu trả lời chỉ nêu vấn đề).");
            }
            else if (followUp != FollowUpKind.None && kind is not QuestionKind.Text)
            {
                Error(f["followUp"], $"{path}.followUp", "Chỉ câu hỏi loại text mới có followUp.");
            }

            // A cross-question check: the answer may not exceed an earlier numeric question's answer (members ≤ workers).
            var atMost = Str(f, map, path, "atMost", required: false);
            if (atMost is not null && kind is not (QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator))
            {
                Error(f["atMost"], $"{path}.atMost", "Chỉ câu hỏi dạng số mới có atMost.");
            }
            else if (atMost is not null && !_numericQuestionIds.Contains(atMost))
            {
                Error(f["atMost"], $"{path}.atMost", $"atMost phải là mã một câu hỏi dạng số đứng trước câu này; “{atMost}” không phải.");
            }

            if (id is not null && kind is (QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator))
            {
                _numericQuestionIds.Add(id);
            }

            var levels = Levels(f, path);
            var table = Str(f, map, path, "table", required: false);
            if (table is not null && !_tableIds.Contains(table))
            {
                Error(f["table"], $"{path}.table", $"Bảng “{table}” chưa được khai báo trong danh sách tables.");
            }

            if (min is not null && max is not null && min > max)
            {
                Error(map, path, $"min ({min}) lớn hơn max ({max}).");
            }

            if (minLength is not null && minLength > (maxLength ?? OutlineDefinition.DefaultMaxTextLength))
            {
                Error(f["minLength"], $"{path}.minLength", maxLength is null
                    ? $"minLength lớn hơn độ dài tối đa mặc định ({OutlineDefinition.DefaultMaxTextLength} ký tự); đặt thêm maxLength."
                    : "minLength lớn hơn maxLength.");
            }

            var index = _questionIndex++;
            return id is null || kind is null || prompt is null
                ? null
                : new QuestionDefinition
                {
                    Id = id,
                    Kind = kind.Value,
                    Prompt = prompt,
                    Help = Str(f, map, path, "help", required: false),
                    Required = Bool(f, path, "required") ?? true,
                    MaxLength = maxLength ?? OutlineDefinition.DefaultMaxTextLength,
                    MinLength = minLength ?? 0,
                    Unit = unit,
                    WholeNumber = Bool(f, path, "integer") ?? true,
                    Min = min ?? (kind is QuestionKind.Money or QuestionKind.Indicator ? 0 : null),
                    Max = max,
                    Indicator = indicator,
                    Options = options,
                    Multiple = Bool(f, path, "multiple") ?? false,
                    FollowUp = followUp ?? FollowUpKind.None,
                    Table = table,
                    AtMost = atMost,
                    Levels = levels,
                    SectionId = sectionId,
                    Index = index,
                };
        }

        /// <summary>The union levels a question is meant for (<c>levels: [cap-tren-co-so]</c>, or one value); empty when not given.</summary>
        private List<UnionLevel> Levels(Dictionary<string, YamlNode> f, string path)
        {
            if (!f.TryGetValue("levels", out var node))
            {
                return [];
            }

            var known = string.Join(", ", UnionLevels.OutlineValues.Keys.Select(k => $"“{k}”"));
            IReadOnlyList<YamlNode> items = node switch
            {
                YamlSequenceNode seq => [.. seq.Children],
                YamlScalarNode => [node],
                _ => [],
            };
            if (items.Count == 0)
            {
                Error(node, $"{path}.levels", $"“levels” phải là một danh sách không rỗng các cấp công đoàn được hỏi câu này: {known}.");
                return [];
            }

            var levels = new List<UnionLevel>();
            foreach (var item in items)
            {
                var value = (item as YamlScalarNode)?.Value?.Trim();
                if (value is not null && UnionLevels.OutlineValues.TryGetValue(value, out var level))
                {
                    if (!levels.Contains(level))
                    {
                        levels.Add(level);
                    }
                }
                else
                {
                    Error(item, $"{path}.levels", $"Cấp công đoàn “{value}” không hợp lệ; dùng {known} (co-so: công đoàn cơ sở; cap-tren-co-so: công đoàn cấp trên trực tiếp cơ sở).");
                }
            }

            return levels;
        }

        private ChoiceOption? ReadOption(YamlNode node, string path)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, path, "Mỗi lựa chọn phải là một ánh xạ (value, label).");
                return null;
            }

            var f = Fields(map, path, "value", "label");
            var value = Str(f, map, path, "value", required: true);
            var label = Str(f, map, path, "label", required: true);
            if (value is not null && (!IdPattern().IsMatch(value) || value.Length > MaxOptionValueLength))
            {
                Error(f["value"], $"{path}.value", $"Giá trị “{value}” chỉ được gồm chữ thường không dấu, số, dấu gạch ngang, dài tối đa {MaxOptionValueLength} ký tự.");
            }

            return value is null || label is null ? null : new(value, label);
        }
    }
}
