using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionReview.Channels.Tests.Telegram.Fake;

/// <summary>
/// The Bot API as ../shared/reference/telegram-bot-api.json describes it: which methods exist, which fields they
/// take, which are required, and what type each value must have (recursively, through arrays, objects and subtypes).
/// </summary>
public sealed class TelegramSpec
{
    private readonly JsonElement _methods;
    private readonly JsonElement _types;

    private TelegramSpec(JsonDocument document)
    {
        Version = document.RootElement.GetProperty("version").GetString()!;
        _methods = document.RootElement.GetProperty("methods");
        _types = document.RootElement.GetProperty("types");
    }

    public string Version { get; }

    private static readonly Lazy<TelegramSpec> Shared = new(() => new TelegramSpec(JsonDocument.Parse(File.ReadAllText(FindFile()))));

    /// <summary>The spec, read once from the shared reference folder beside the repository.</summary>
    public static TelegramSpec Load() => Shared.Value;

    /// <summary>Finds ../shared/reference/telegram-bot-api.json from the repository root above the test binaries.</summary>
    public static string FindFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "reference", "telegram-bot-api.json");
            if (File.Exists(Path.Combine(dir.FullName, "UnionReview.sln")) && File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException("../shared/reference/telegram-bot-api.json not found beside the repository above " + AppContext.BaseDirectory);
    }

    public bool HasMethod(string method) => _methods.TryGetProperty(method, out _);

    public bool HasType(string type) => _types.TryGetProperty(type, out _);

    /// <summary>Field names of a method or type, with their required flag.</summary>
    public IReadOnlyDictionary<string, bool> FieldsOf(string methodOrType)
    {
        var node = _methods.TryGetProperty(methodOrType, out var m) ? m : _types.GetProperty(methodOrType);
        return node.TryGetProperty("fields", out var fields)
            ? fields.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("required").GetBoolean())
            : new Dictionary<string, bool>();
    }

    /// <summary>Everything wrong with a call of <paramref name="method"/> with these parameters (empty when it is valid).</summary>
    public List<string> ValidateCall(string method, JsonObject parameters, ISet<string>? uploadedFiles = null)
    {
        var errors = new List<string>();
        if (!_methods.TryGetProperty(method, out var spec))
        {
            errors.Add($"unknown method {method}");
            return errors;
        }

        ValidateFields(spec, parameters, method, errors, uploadedFiles);
        return errors;
    }

    /// <summary>Checks an object the Bot API returns (or takes) against a spec type.</summary>
    public List<string> ValidateValue(JsonNode? value, string type)
    {
        var errors = new List<string>();
        Check(value, [type], type, errors, null);
        return errors;
    }

    private void ValidateFields(JsonElement spec, JsonObject value, string path, List<string> errors, ISet<string>? files)
    {
        var fields = spec.TryGetProperty("fields", out var f) ? f.EnumerateArray().ToList() : [];
        foreach (var (name, _) in value)
        {
            if (!fields.Any(x => x.GetProperty("name").GetString() == name))
            {
                errors.Add($"{path}: field {name} is not in the spec");
            }
        }

        foreach (var field in fields)
        {
            var name = field.GetProperty("name").GetString()!;
            var types = field.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var present = value.TryGetPropertyValue(name, out var v) && v is not null;
            var uploaded = files?.Contains(name) == true;
            if (!present && !uploaded)
            {
                if (field.GetProperty("required").GetBoolean())
                {
                    errors.Add($"{path}: required field {name} is missing");
                }

                continue;
            }

            if (uploaded)
            {
                if (!types.Contains("InputFile"))
                {
                    errors.Add($"{path}.{name}: a file was uploaded but the field does not take InputFile");
                }

                continue;
            }

            if (v is JsonValue reference && reference.TryGetValue<string>(out var text) && text.StartsWith(AttachPrefix, StringComparison.Ordinal))
            {
                // A file uploaded under another part name of the same request, as Telegram allows for any InputFile.
                if (!types.Contains("InputFile"))
                {
                    errors.Add($"{path}.{name}: {text} given but the field does not take InputFile");
                }
                else if (files?.Contains(text[AttachPrefix.Length..]) != true)
                {
                    errors.Add($"{path}.{name}: {text} names no uploaded file");
                }

                continue;
            }

            Check(v, types, $"{path}.{name}", errors, files);
        }
    }

    /// <summary>How a field names a file uploaded in another part of the request: attach://&lt;part name&gt;.</summary>
    public const string AttachPrefix = "attach://";

    private void Check(JsonNode? value, string[] types, string path, List<string> errors, ISet<string>? files)
    {
        var attempts = new List<List<string>>();
        foreach (var type in types)
        {
            var local = new List<string>();
            CheckOne(value, type, path, local, files);
            if (local.Count == 0)
            {
                return;
            }

            attempts.Add(local);
        }

        errors.AddRange(attempts.OrderBy(a => a.Count).First());
    }

    private void CheckOne(JsonNode? value, string type, string path, List<string> errors, ISet<string>? files)
    {
        if (type.StartsWith("Array of ", StringComparison.Ordinal))
        {
            if (value is not JsonArray array)
            {
                errors.Add($"{path}: expected {type}");
                return;
            }

            var inner = type["Array of ".Length..];
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], [inner], $"{path}[{i}]", errors, files);
            }

            return;
        }

        var kind = value?.GetValueKind();
        switch (type)
        {
            case "Integer":
                if (kind != JsonValueKind.Number || !long.TryParse(value!.ToJsonString(), out _))
                {
                    errors.Add($"{path}: expected Integer");
                }

                return;
            case "Float":
                if (kind != JsonValueKind.Number)
                {
                    errors.Add($"{path}: expected Float");
                }

                return;
            case "String":
                if (kind != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected String");
                }

                return;
            case "Boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected Boolean");
                }

                return;
            case "InputFile":
                errors.Add($"{path}: InputFile must be uploaded as a multipart file");
                return;
        }

        if (!_types.TryGetProperty(type, out var spec))
        {
            errors.Add($"{path}: unknown type {type}");
            return;
        }

        if (spec.TryGetProperty("subtypes", out var subtypes))
        {
            Check(value, [.. subtypes.EnumerateArray().Select(s => s.GetString()!)], path, errors, files);
            return;
        }

        if (value is not JsonObject obj)
        {
            errors.Add($"{path}: expected object {type}");
            return;
        }

        ValidateFields(spec, obj, $"{path}<{type}>", errors, files);
    }
}
