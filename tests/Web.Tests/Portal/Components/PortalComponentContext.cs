using System.Security.Claims;
using Bunit;
using ControlPlane.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// bUnit with MudBlazor and the control plane's real authorization policies: the signed-in user is
/// a principal with the role a portal cookie would carry, judged by ASP.NET Core's own authorization service.
/// </summary>
public sealed class PortalComponentContext : BunitContext
{
    public PortalComponentContext(string? role)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddAuthorizationBuilder().AddControlPlanePolicies();

        // bUnit registers placeholders first; the last registration wins, so these are ASP.NET Core's own.
        Services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddTransient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddTransient<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>();
        Services.AddTransient<IAuthorizationHandler, PassThroughAuthorizationHandler>();
        Services.AddSingleton<AuthenticationStateProvider>(new SignedIn(role));
        Services.AddCascadingAuthenticationState();
    }

    /// <summary>The circuit's user: a principal with one role, or nobody.</summary>
    private sealed class SignedIn(string? role) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            var identity = role is null
                ? new ClaimsIdentity()
                : new ClaimsIdentity([new Claim(ClaimTypes.Name, role + "-user"), new Claim(ClaimTypes.Role, role)], "portal");
            return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
        }
    }
}
