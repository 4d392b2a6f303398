using Microsoft.AspNetCore.Authorization;

namespace ControlPlane.Web.Auth;

internal static class Policies
{
    public const string Read = "read";
    public const string Operate = "operate";
    public const string Administer = "administer";
    public const string ReportProbes = "report-probes";
    public const string SendSignals = "send-signals";

    public static AuthorizationBuilder AddControlPlanePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Read, p => p.RequireRole(Roles.Viewer, Roles.Operator, Roles.Admin))
        .AddPolicy(Operate, p => p.RequireRole(Roles.Operator, Roles.Admin))
        .AddPolicy(Administer, p => p.RequireRole(Roles.Admin))
        .AddPolicy(ReportProbes, p => p.RequireRole(Roles.Agent, Roles.Admin))
        .AddPolicy(SendSignals, p => p.RequireRole(Roles.Signal, Roles.Operator, Roles.Admin));
}
