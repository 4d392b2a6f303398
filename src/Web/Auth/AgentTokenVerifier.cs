using System.Collections.Concurrent;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Auth;

/// <summary>
/// Verifies an agent token: its MAC here first (<see cref="AgentTokenSigner"/>: a made-up token never
/// reaches a grain), then against its node grain (the only holder of its hash), remembering a success
/// briefly, so a steady agent costs neither a grain call nor a hash per report: the token text itself is
/// looked up. A re-issued token invalidates the old one at once on this front end and within the cache
/// period on others.
/// </summary>
internal sealed class AgentTokenVerifier(IGrainFactory grains, AgentTokenSigner signer, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    /// <summary>The agent's ticket when this exact token was verified within the cache period; null otherwise.</summary>
    public AuthenticationTicket? Recent(ReadOnlySpan<char> token) =>
        _verified.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var hit) && hit.Until > clock.GetUtcNow() ? hit.Ticket : null;

    /// <summary>The agent's ticket, or null; <paramref name="hash"/> is the token's <see cref="AgentToken.Sha256"/>, computed once by the caller.</summary>
    public async Task<AuthenticationTicket?> VerifyAsync(string token, string hash)
    {
        var node = signer.NodeOf(token);
        if (node is null)
        {
            return null;
        }

        if (!await grains.Grain<INodeGrain>(node).VerifyAgentTokenAsync(hash))
        {
            _verified.TryRemove(token, out _);
            return null;
        }

        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }

        var ticket = AgentPrincipal.TicketFor(node);
        _verified[token] = new Verified(node, clock.GetUtcNow() + options.Value.AgentTokenCacheFor, ticket);
        return ticket;
    }

    /// <summary>Forgets cached tokens of a node whose token was just re-issued through this front end.</summary>
    public void Forget(string node)
    {
        foreach (var entry in _verified.Where(e => e.Value.Node == node))
        {
            _verified.TryRemove(entry.Key, out _);
        }
    }

    private sealed record Verified(string Node, DateTimeOffset Until, AuthenticationTicket Ticket);
}
