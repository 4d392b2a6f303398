using ControlPlane.Silo.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ControlPlane.Web.Auth;

/// <summary>
/// The API authenticates bearer credentials; the portal signs operators in with the same API key
/// into a cookie. A request with an Authorization header, or to /api, is the API's.
/// </summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddControlPlaneAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AdminKey.From(configuration[AdminKey.EnvironmentVariable]));
        services.AddSingleton(AgentTokenSecret.From(configuration[AgentTokenSecret.ConfigurationKey], ClusterSettings.From(configuration).IsEmbedded));
        services.AddSingleton<AgentTokenSigner>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<AgentTokenVerifier>();

        // The bearer scheme is the default and hands the portal's requests to the cookie itself (no policy scheme in
        // between: that would resolve and run a second handler on every API request).
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi")
                    ? null
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "controlplane.portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });

        services.AddAuthorizationBuilder().AddControlPlanePolicies();
        return services;
    }
}
