using System.Buffers.Text;
using System.Text;

namespace ControlPlane.Web.Apis;

/// <summary>An opaque cursor over (pool, node): where the next page of a listing starts.</summary>
public static class ContinueToken
{
    public static string Encode(string pool, string node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(pool + "\n" + node));

    public static bool TryDecode(string? token, out string pool, out string node)
    {
        pool = node = "";
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (parts.Length != 2)
            {
                return false;
            }

            (pool, node) = (parts[0], parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
