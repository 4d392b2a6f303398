using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace ControlPlane.Web.Auth;

/// <summary>
/// The identity of a verified agent: the agent role bound to one node (claim <see cref="NodeClaim"/>). One ticket
/// serves every request of that token while it is remembered, so it is built once and never changed afterwards.
/// </summary>
internal static class AgentPrincipal
{
    public const string NodeClaim = "controlplane/node";

    public static AuthenticationTicket TicketFor(string node) =>
        new(new ClaimsPrincipal(new AgentIdentity(node)), BearerAuthenticationHandler.SchemeName);

    /// <summary>The node an agent credential is bound to; null for any other principal (API keys, portal users).</summary>
    public static string? NodeOf(ClaimsPrincipal user) => (user.Identity as AgentIdentity)?.Node;

    /// <summary>Carries its node as a field, so a request asks for it without walking the claims.</summary>
    private sealed class AgentIdentity(string node)
        : ClaimsIdentity([new Claim(ClaimTypes.Name, "agent:" + node), new Claim(ClaimTypes.Role, Roles.Agent), new Claim(NodeClaim, node)], BearerAuthenticationHandler.SchemeName)
    {
        public string Node { get; } = node;
    }
}
