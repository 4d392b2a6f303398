using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// A node grain keeps only the SHA-256 of its agent token, never the token. The token's format (and the
/// MAC that lets a front end refuse a made-up one without asking any grain) is the web front end's:
/// <c>src/Web/Auth/AgentTokenSigner.cs</c>.
/// </summary>
public static class AgentToken
{
    public static string Sha256(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool HashesMatch(string expectedHex, string actualHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex));
}
