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
    private const string Selector = "ControlPlane";

    public static IServiceCollection AddControlPlaneAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AdminKey.From(configuration[AdminKey.EnvironmentVariable]));
        services.AddSingleton(AgentTokenSecret.From(configuration[AgentTokenSecret.ConfigurationKey], ClusterSettings.From(configuration).IsEmbedded));
        services.AddSingleton<AgentTokenSigner>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<AgentTokenVerifier>();

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Bearer for the API, cookie for the portal", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi")
                    ? BearerAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null)
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
