using System.Collections.Concurrent;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Nodes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Auth;

/// <summary>
/// Verifies an agent token: its MAC here first (<see cref="AgentTokenSigner"/>: a made-up token never
/// reaches a grain), then against its node grain (the only holder of its hash), remembering a success
/// briefly, so a steady agent costs one grain call per report, not two. A re-issued token invalidates
/// the old one at once on this front end and within the cache period on others.
/// </summary>
internal sealed class AgentTokenVerifier(IGrainFactory grains, AgentTokenSigner signer, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (string Node, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>The node the token belongs to, or null; <paramref name="hash"/> is its <see cref="AgentToken.Sha256"/>, computed once by the caller.</summary>
    public async Task<string?> VerifyAsync(string token, string hash)
    {
        var node = signer.NodeOf(token);
        if (node is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (_verified.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Node;
        }

        if (!await grains.GetGrain<INodeGrain>(node).VerifyAgentTokenAsync(hash))
        {
            _verified.TryRemove(hash, out _);
            return null;
        }

        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }

        _verified[hash] = (node, now + options.Value.AgentTokenCacheFor);
        return node;
    }

    /// <summary>Forgets cached tokens of a node whose token was just re-issued through this front end.</summary>
    public void Forget(string node)
    {
        foreach (var entry in _verified.Where(e => e.Value.Node == node))
        {
            _verified.TryRemove(entry.Key, out _);
        }
    }
}
