using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Contracts.Nodes;

/// <summary>
/// The form of an agent token a node grain keeps (<see cref="INodeGrain.SetAgentTokenAsync"/>): its SHA-256, never the token. The token's format (and the
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
