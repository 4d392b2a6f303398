using System.Security.Cryptography;
using System.Text;
using ControlPlane.Wire.Identity;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Agent tokens look like <c>cpn_{node}_{64 hex}</c>: the node name inside tells the API which
/// node grain can verify it; the random part is never stored, only its SHA-256.
/// </summary>
public static class AgentToken
{
    public const string Prefix = "cpn_";

    public static string NewFor(string node) =>
        Prefix + node + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sha256(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The node a token claims to belong to, or null when it is not shaped like an agent token.</summary>
    public static string? NodeOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var lastUnderscore = token.LastIndexOf('_');
        if (lastUnderscore <= Prefix.Length || token.Length - lastUnderscore - 1 != 64)
        {
            return null;
        }

        var node = token[Prefix.Length..lastUnderscore];
        return NodeId.IsValid(node) ? node : null;
    }

    public static bool HashesMatch(string expectedHex, string actualHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex));
}
