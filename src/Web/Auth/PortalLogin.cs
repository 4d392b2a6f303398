using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Auth;

/// <summary>The portal's sign-in: an operator pastes an API key once and gets a cookie with that key's role.</summary>
internal static class PortalLogin
{
    public static IEndpointRouteBuilder MapPortalLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/auth/login", (Delegate)SignInAsync).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/auth/logout", (Delegate)SignOutAsync).ExcludeFromDescription();
        return routes;
    }

    private static async Task<RedirectHttpResult> SignInAsync(HttpContext context, [FromForm] string? key, [FromForm] string? returnUrl, ApiKeyRegistry keys)
    {
        if (string.IsNullOrEmpty(key) || !keys.TryResolve(key, out var name, out var role))
        {
            return TypedResults.LocalRedirect("/login?failed=true");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>
    /// A path on this site: "/" then not "/" or "" (browsers read "/\evil.example" as another host, and
    /// LocalRedirect threw on it: a 500 after signing in).
    /// </summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>The form binding makes ASP.NET Core check the form's antiforgery token: another site cannot sign an operator out.</summary>
    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, IFormCollection form)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }
}
