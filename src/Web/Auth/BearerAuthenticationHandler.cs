using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key or token&gt;</c>: an API key gives its role; an agent token gives
/// the agent role bound to one node (<see cref="AgentPrincipal"/>). Anything else is refused.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry keys,
    AgentTokenVerifier agentTokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return AuthenticateResult.Fail("Authorization must be 'Bearer <key or token>'.");
        }

        if (agentTokens.Recent(header.AsSpan("Bearer ".Length).Trim()) is { } known)
        {
            return AuthenticateResult.Success(known);
        }

        var presented = header["Bearer ".Length..].Trim();
        var hash = ApiKeyRegistry.Hash(presented);
        if (keys.TryResolveHash(hash, out var name, out var role))
        {
            return Success(new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role));
        }

        if (await agentTokens.VerifyAsync(presented, hash) is { } agent)
        {
            return AuthenticateResult.Success(agent);
        }

        return AuthenticateResult.Fail("Unknown API key or agent token.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "Send 'Authorization: Bearer <API key or agent token>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your credential's role does not allow this.");

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
