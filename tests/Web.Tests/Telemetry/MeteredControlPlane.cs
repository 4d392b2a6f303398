using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Hosting;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// A control plane started as its own process with <c>/metrics</c> on: the meter is process-wide, so control planes
/// hosted side by side in the test process would mix their gauges (one host per process, as in production).
/// </summary>
internal sealed class MeteredControlPlane : IDisposable
{
    private readonly ProgramProcess _process;

    private MeteredControlPlane(ProgramProcess process, Uri address)
    {
        _process = process;
        BaseAddress = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningControlPlane.AdminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>Signed in with the admin key.</summary>
    public HttpClient Client { get; }

    public string Error => _process.Error;

    /// <summary>Starts it (no simulator unless <paramref name="settings"/> say so) and waits for <c>/healthz</c>.</summary>
    public static async Task<MeteredControlPlane> StartAsync(params string[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var process = ProgramProcess.Start(BuiltProgram.Web,
        [
            $"--urls={address}", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            $"--CONTROLPLANE_ADMIN_KEY={RunningControlPlane.AdminKey}", "--ControlPlane:Simulator:Enabled=false",
            "--ControlPlane:Telemetry:Prometheus=true", "--ControlPlane:Telemetry:GaugeInterval=00:00:00.200", .. settings,
        ]);
        var plane = new MeteredControlPlane(process, address);
        await Eventually.Until(plane.HealthyAsync, ok => ok, attempts: 600);
        return plane;
    }

    public async Task<string> ScrapeAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public Task PutProbeAsync(ProbeReport report) => ControlPlaneHttp.PutProbeAsync(Client, report);

    /// <summary>The deployment's pairs once it is placed; null while the fleet index has not heard of the nodes yet (409).</summary>
    public async Task<PairView[]?> PutDeploymentAsync(string name, string pool, int pairs) => (await PutDeploymentViewAsync(name, pool, pairs))?.Pairs;

    /// <summary>The deployment (TP 1 prefill and decode) once it is placed; null while the fleet index has not heard of the nodes yet (409).</summary>
    public async Task<DeploymentView?> PutDeploymentViewAsync(string name, string pool, int pairs, int spares = 0)
    {
        using var response = await Client.PutAsJsonAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative),
            DeploymentCalls.Spec(pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: pairs, spares: spares), ApiJson.Options);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options) : null;
    }

    private async Task<bool> HealthyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the control plane exited:\n{_process.Error}");
        }

        return await ControlPlaneHttp.HealthyAsync(Client);
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }
}
