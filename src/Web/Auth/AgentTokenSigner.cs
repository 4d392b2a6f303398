using System.Security.Cryptography;
using System.Text;
using ControlPlane.Wire.Identity;

namespace ControlPlane.Web.Auth;

/// <summary>
/// Agent tokens look like <c>cpn_{node}_{nonce: 32 hex}{mac: 32 hex}</c>: the MAC is HMAC-SHA256 with the
/// cluster's <see cref="AgentTokenSecret"/> over the node name and the token's random nonce, cut to 128
/// bits. A front end checks it before asking any grain, so a made-up token (or one issued by another
/// cluster, or before tokens were signed) is refused without activating a node grain. Whether a signed
/// token is still the node's current one is the node grain's answer (it keeps only the token's SHA-256).
/// </summary>
internal sealed class AgentTokenSigner(AgentTokenSecret secret)
{
    public const string Prefix = "cpn_";
    private const int NonceBytes = 16;
    private const int MacBytes = 16;
    private const int TailLength = 2 * (NonceBytes + MacBytes);

    public string Issue(string node)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes));
        return Prefix + node + "_" + nonce + Convert.ToHexStringLower(Mac(node, nonce));
    }

    /// <summary>The node a token was issued for by this cluster, or null when it is malformed or its MAC is wrong.</summary>
    public string? NodeOf(string token)
    {
        var lastUnderscore = token.LastIndexOf('_');
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || lastUnderscore <= Prefix.Length || token.Length - lastUnderscore - 1 != TailLength)
        {
            return null;
        }

        var node = token[Prefix.Length..lastUnderscore];
        var nonce = token.Substring(lastUnderscore + 1, 2 * NonceBytes);
        Span<byte> presented = stackalloc byte[MacBytes];
        if (!NodeId.IsValid(node)
            || Convert.FromHexString(token.AsSpan(token.Length - 2 * MacBytes), presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != MacBytes)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Mac(node, nonce)) ? node : null;
    }

    private byte[] Mac(string node, string nonce) =>
        HMACSHA256.HashData(secret.Key, Encoding.UTF8.GetBytes($"cpn\n{node}\n{nonce}"))[..MacBytes];
}
