using System.Buffers.Text;
using System.Text;

namespace ControlPlane.Web.Apis.Paging;

/// <summary>
/// An opaque cursor: the keys of the last item a page returned, where the next page starts. It names
/// its listing, so a token of one listing (or a value nobody issued) is refused by another.
/// </summary>
internal static class ContinueToken
{
    private const char Separator = '\n';
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string listing, params string[] keys) => Base64Url.EncodeToString(Strict.GetBytes(string.Join(Separator, [listing, .. keys])));

    /// <summary>Reads a token this API issued for <paramref name="listing"/> with <paramref name="count"/> keys; anything else is refused.</summary>
    public static bool TryDecode(string token, string listing, int count, out string[] keys)
    {
        keys = [];
        try
        {
            var parts = Strict.GetString(Base64Url.DecodeFromChars(token)).Split(Separator);
            if (parts.Length != count + 1 || parts[0] != listing)
            {
                return false;
            }

            keys = parts[1..];
            return true;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }
}
