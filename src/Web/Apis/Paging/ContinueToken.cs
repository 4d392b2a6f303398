using System.Buffers.Text;
using System.Text;

namespace ControlPlane.Web.Apis.Paging;

/// <summary>An opaque cursor: the keys of the last item a page returned, where the next page starts.</summary>
internal static class ContinueToken
{
    private const char Separator = '\n';
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(params string[] keys) => Base64Url.EncodeToString(Strict.GetBytes(string.Join(Separator, keys)));

    /// <summary>Reads a token this API issued with <paramref name="count"/> keys; anything else is refused.</summary>
    public static bool TryDecode(string token, int count, out string[] keys)
    {
        keys = [];
        try
        {
            var parts = Strict.GetString(Base64Url.DecodeFromChars(token)).Split(Separator);
            if (parts.Length != count)
            {
                return false;
            }

            keys = parts;
            return true;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }
}
