using ControlPlane.Simulation;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Probes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Web.Apis;

/// <summary>Fault injection into the simulated fleet (only mapped when the simulator runs).</summary>
internal static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/simulator/nodes/{node}/faults").WithTags("Simulator");
        api.MapPost("/", Inject).WithName("InjectFault").WithSummary("Inject a fault (xid, nicDown, agentSilent, overheat, hotspot, leaveNvlinkDomain) into a simulated node.").RequireAuthorization(Policies.Administer);
        api.MapDelete("/", Clear).WithName("ClearFaults").WithSummary("Clear every fault of a simulated node.").RequireAuthorization(Policies.Administer);
        return routes;
    }

    public static Results<Accepted, NotFoundProblem, ValidationProblem> Inject(string node, FaultBody body, SimulatedFleet fleet)
    {
        if (fleet.Find(node) is not { } simulated)
        {
            return NotSimulated(node);
        }

        if (!Enum.TryParse<SimulatedFaultKind>(body.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"must be one of {string.Join(", ", Enum.GetNames<SimulatedFaultKind>())}"] });
        }

        if (body.Gpu is { } gpu && (gpu < 0 || gpu >= simulated.Template.GpuCount))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["gpu"] = [$"must be 0..{simulated.Template.GpuCount - 1}"] });
        }

        // A fault the node's reports could not carry, or one naming a NIC it does not have, would change nothing or make
        // every report of the node invalid: refused, naming the field.
        if (body.Xid is { } xid && (xid < 1 || xid > ProbeReportValidator.MaxXidCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["xid"] = [$"must be 1..{ProbeReportValidator.MaxXidCode}"] });
        }

        if (body.Nic is { } nic && !simulated.Template.Nics.Any(n => n.Device == nic))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["nic"] = [simulated.Template.Nics.Length == 0 ? $"'{node}' has no NICs" : $"'{nic}' is not a NIC of '{node}': one of {string.Join(", ", simulated.Template.Nics.Select(n => n.Device))}"],
            });
        }

        if (kind == SimulatedFaultKind.LeaveNvlinkDomain && !simulated.Template.NvlinkDomainPerRack)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"'{node}' is in no multi-node NVLink domain: leaveNvlinkDomain is for GB200 trays"] });
        }

        simulated.Inject(new SimulatedFault(kind, body.Gpu ?? 0, body.Xid ?? 79, body.Nic));
        return TypedResults.Accepted($"/api/v1/nodes/{node}");
    }

    public static Results<NoContent, NotFoundProblem> Clear(string node, SimulatedFleet fleet)
    {
        if (fleet.Find(node) is not { } simulated)
        {
            return NotSimulated(node);
        }

        simulated.ClearFaults();
        return TypedResults.NoContent();
    }

    private static NotFoundProblem NotSimulated(string node) =>
        new("Not a simulated node", $"'{node}' is not part of the simulated fleet.");
}

internal sealed record FaultBody(string Kind, int? Gpu, int? Xid, string? Nic);
