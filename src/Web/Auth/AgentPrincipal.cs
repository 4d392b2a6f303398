using System.Security.Claims;

namespace ControlPlane.Web.Auth;

/// <summary>
/// The identity of a verified agent: the agent role bound to one node (claim <see cref="NodeClaim"/>). One principal
/// serves every request of that token while it is remembered, so it is built once and never changed afterwards.
/// </summary>
internal static class AgentPrincipal
{
    public const string NodeClaim = "controlplane/node";

    public static ClaimsPrincipal For(string node) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "agent:" + node), new Claim(ClaimTypes.Role, Roles.Agent), new Claim(NodeClaim, node)], BearerAuthenticationHandler.SchemeName));
}
