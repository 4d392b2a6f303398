using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Grains.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Bench.PlaceE2e;

/// <summary>
/// Where one create-and-delete goes, one at a time on a quiet control plane: the fleet index's change log, the
/// planner's refresh and plan (no reservation), the deployment grain's PUT and DELETE without HTTP, and the same over
/// HTTP. The differences say what HTTP, validation, reservations and state writes add.
/// </summary>
internal static class PutBreakdown
{
    public static async Task PrintAsync(IServiceProvider services, HttpClient http, DeploymentSpec spec, int rounds = 100)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var planner = services.GetRequiredService<FleetPlacementPlanner>();
        var fleet = grains.GetGrain<IFleetGrain>(spec.Pool!);
        var version = (await fleet.GetCapacityChangesAsync(0)).Version;
        var changes = await TimeAsync(rounds * 10, _ => fleet.GetCapacityChangesAsync(version));
        var largest = await TimeAsync(rounds, _ => planner.LargestNodeGpusAsync());
        var plan = await TimeAsync(rounds, _ => planner.PlanAsync(spec));
        var grain = await TimeAsync(rounds, async i =>
        {
            var deployment = grains.GetGrain<IModelDeploymentGrain>(string.Create(CultureInfo.InvariantCulture, $"bd-grain-{i}"));
            await deployment.PutAsync(spec);
            await deployment.DeleteAsync();
        });
        var sample = grains.GetGrain<IModelDeploymentGrain>("bd-render");
        var view = (await sample.PutAsync(spec)).View!;
        var kubernetes = services.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        var render = await TimeAsync(rounds, _ => Task.FromResult(DeploymentManifests.Render(view.Name, view.Spec, view.Pairs, kubernetes)));
        var objects = DeploymentManifests.Render(view.Name, view.Spec, view.Pairs, kubernetes).Objects;
        var yaml = await TimeAsync(rounds, _ => Task.FromResult(ManifestYaml.Serialize(objects)));
        await sample.DeleteAsync();
        var overHttp = await TimeAsync(rounds, async i =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"bd-http-{i}");
            (await http.PutAsJsonAsync($"/api/v1/deployments/{name}", spec, ApiJson.Options)).EnsureSuccessStatusCode();
            (await http.DeleteAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative))).EnsureSuccessStatusCode();
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"breakdown (median of {rounds}, one at a time, {spec.Model} TP{spec.Prefill.Tp} x{spec.Pairs} in {spec.Pool}): fleet index changes since now {changes:F3} ms; "
            + $"planner LargestNodeGpus {largest:F3} ms; planner refresh+plan {plan:F3} ms; render {render:F3} ms of which YAML {yaml:F3} ms; grain PUT+DELETE {grain:F3} ms; HTTP PUT+DELETE {overHttp:F3} ms"));
    }

    private static async Task<double> TimeAsync(int rounds, Func<int, Task> step)
    {
        var ms = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await step(i);
            ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(ms);
        return ms[rounds / 2];
    }
}
