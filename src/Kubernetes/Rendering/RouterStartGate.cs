using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The router starts only when every engine it names answers <c>/health</c>: an init container polls them. vLLM's router
/// queries its prefill engines at start, retries about 30 times with back-off capped at 10 s and exits, and SGLang's runs
/// start-up checks of its own; while a 70B model loads that is a crash loop. An init container was chosen over applying
/// the router only after the pairs are Ready because it needs no state in the control plane, shows in
/// <c>kubectl get pod</c> as <c>Init:0/1</c> with what it waits for in its log, and works the same for a router the
/// control plane re-applies when pairs change: the new router pod waits while the old one keeps serving
/// (<see cref="Strategy"/>). The wait has a deadline (<see cref="WaitSeconds"/>): an engine that never comes up (a pair
/// that failed to start, a node that died while the router moved) must not keep the other pairs from being served, so
/// after it the router starts with what answers and its own start-up checks decide.
/// </summary>
internal static class RouterStartGate
{
    public const string ContainerName = "wait-for-engines";

    /// <summary>Long enough for a 70B model to load from a cold cache; after it the router starts anyway.</summary>
    public const int WaitSeconds = 1200;

    public static V1Container Container(IReadOnlyList<RenderedPair> pairs, RenderOptions options) => new()
    {
        Name = ContainerName,
        Image = options.RouterStartGateImage,
        ImagePullPolicy = options.ImagePullPolicy,
        // busybox wget: -T is the per-try timeout; a refused connection (the engine not listening yet) fails at once.
        Command =
        [
            "sh", "-c",
            $"end=$(( $(date +%s) + {WaitSeconds} )); for url in \"$@\"; do until wget -q -T 5 -O /dev/null \"$url\"; do "
                + $"if [ $(date +%s) -ge $end ]; then echo \"$url does not answer after {WaitSeconds}s: starting the router anyway\"; exit 0; fi; "
                + "echo \"waiting for $url\"; sleep 5; done; echo \"$url answers\"; done",
            ContainerName,
            .. pairs.SelectMany(p => new[] { $"{p.PrefillUrl}/health", $"{p.DecodeUrl}/health" }),
        ],
        SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            RunAsNonRoot = true,
            RunAsUser = 65534,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
        },
    };

    /// <summary>A new router pod (pairs changed) becomes Ready before the old one goes: no gap while it waits.</summary>
    public static V1DeploymentStrategy Strategy() => new()
    {
        Type = "RollingUpdate",
        RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
    };
}
