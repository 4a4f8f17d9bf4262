using System.Text;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>
/// Decodes a text file whose encoding nobody stated: a byte order mark decides (UTF-8, UTF-16 LE/BE); without one,
/// bytes that are valid UTF-8 are UTF-8, and anything else is Windows-1258, the Vietnamese ANSI code page that
/// Excel uses for "CSV" on Vietnamese Windows. Windows-1258 writes many tone marks as combining characters, so
/// the text is normalised to NFC: "Hòa" then matches "Hòa" typed on a phone.
/// </summary>
internal static class TextDecoding
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1258 = CreateWindows1258();

    public static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var (text, name) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), "UTF-8 (có BOM)"),
            [0xFF, 0xFE, ..] => (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16 LE"),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16 BE"),
            _ => TryUtf8(bytes) is { } utf8 ? (utf8, "UTF-8") : (Windows1258.GetString(bytes), "Windows-1258"),
        };
        return (text.Normalize(NormalizationForm.FormC), name);
    }

    private static string? TryUtf8(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Encoding CreateWindows1258()
    {
        // The code pages beyond Unicode and ASCII ship with .NET but are registered on demand.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1258);
    }
}
