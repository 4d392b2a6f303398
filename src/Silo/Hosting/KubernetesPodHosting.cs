using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>) for a silo that runs in a pod whose
/// manifest passes <c>POD_NAME</c> and <c>POD_NAMESPACE</c> from the downward API (deploy/base/silo.yaml): the silo is
/// named after its pod, and a silo whose pod is deleted is declared dead at once instead of after missed probes.
/// Orleans reads those variables itself, so the switch reads the same ones; local and embedded runs lack them and
/// are unchanged. The pod needs get/list/watch/delete on pods of its namespace (deploy/base/rbac.yaml). In a pod the
/// silo also opens <see cref="ReadyPort"/> while it is active (<see cref="SiloReadyPort"/>), its readiness probe.
/// </summary>
public static class KubernetesPodHosting
{
    public const string PodNameVariable = "POD_NAME";

    public const string PodNamespaceVariable = "POD_NAMESPACE";

    /// <summary>The port <see cref="SiloReadyPort"/> listens on in a pod (the web front end's HTTP port is 8080).</summary>
    public const int ReadyPort = 8081;

    /// <summary>Whether <paramref name="environment"/> names the pod this process runs in.</summary>
    public static bool InPod(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !string.IsNullOrWhiteSpace(environment(PodNameVariable)) && !string.IsNullOrWhiteSpace(environment(PodNamespaceVariable));
    }

    /// <summary>Adds Orleans' Kubernetes hosting and the ready port when <paramref name="environment"/> says this is a pod; otherwise nothing.</summary>
    public static ISiloBuilder UseKubernetesHostingInPod(this ISiloBuilder silo, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!InPod(environment))
        {
            return silo;
        }

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SiloReadyPort(ReadyPort));
        return silo.UseKubernetesHosting();
    }
}
