using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// What every part of one deployment's reconciliation shares: its name, its record and the one way it is written, the
/// services, timers on the grain's activation, and the parts themselves, each reached through here by the others:
/// <see cref="Spec"/> (PUT and DELETE), <see cref="Holdings"/> (reservations), <see cref="Objects"/> (apply and delete),
/// <see cref="Watch"/> (pods), <see cref="Failover"/>, <see cref="Spares"/> and <see cref="Logs"/> (NCCL log checks).
/// </summary>
internal sealed class DeploymentScope
{
    /// <summary>How long a step that met an outage after its change was committed waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<DeploymentRecord> state;
    private readonly IGrainContext context;

    public DeploymentScope(
        Grain grain, IGrainFactory grains, IPersistentState<DeploymentRecord> state, IDeploymentPlanner planner, IManifestApplier applier,
        KubernetesOptions kubernetes, DeploymentOptions options, TimeProvider clock, ILogger logger)
    {
        this.state = state;
        context = grain.GrainContext;
        Grain = grain;
        Grains = grains;
        Name = grain.GetPrimaryKeyString();
        Planner = planner;
        Applier = applier;
        Kubernetes = kubernetes;
        Options = options;
        Clock = clock;
        Logger = logger;
        Spec = new SpecChanges(this);
        Holdings = new Holdings(this);
        Objects = new ObjectSync(this);
        Watch = new PodWatch(this);
        Failover = new PairFailover(this);
        Spares = new WarmSpares(this);
        Logs = new PairLogChecks(this);
    }

    public string Name { get; }

    /// <summary>The activation, for its timers and reminders.</summary>
    public IGrainBase Grain { get; }

    public IGrainFactory Grains { get; }

    public IDeploymentPlanner Planner { get; }

    public IManifestApplier Applier { get; }

    public KubernetesOptions Kubernetes { get; }

    public DeploymentOptions Options { get; }

    public TimeProvider Clock { get; }

    public ILogger Logger { get; }

    public SpecChanges Spec { get; }

    public Holdings Holdings { get; }

    public ObjectSync Objects { get; }

    public PodWatch Watch { get; }

    public PairFailover Failover { get; }

    public WarmSpares Spares { get; }

    public PairLogChecks Logs { get; }

    /// <summary>The record as last written.</summary>
    public DeploymentRecord Record => state.State;

    /// <summary>Objects go to a Kubernetes API server (not plan-only).</summary>
    public bool InCluster => Applier.Mode == ApplyMode.Kubernetes;

    /// <summary>Computes-then-commits: a failed write leaves the record as it was (<see cref="StateCommit"/>).</summary>
    public Task WriteAsync(DeploymentRecord next) => state.CommitAsync(Observed(next), context, "the deployment");

    /// <summary>Forgets the deployment's record; a failed clear leaves it as it was.</summary>
    public Task ClearAsync() => state.ClearAsync(new DeploymentRecord(), context, "the deletion");

    public DeploymentView? View()
    {
        var s = state.State;
        return s.Spec is null ? null : new DeploymentView
        {
            Name = Name,
            Spec = s.Spec,
            Status = s.Status,
            Pairs = s.Pairs,
            Removing = s.Removing,
            Spares = s.Spares,
            Rejections = s.Rejections,
            Message = s.Message,
            Generation = s.Generation,
            ObservedGeneration = s.ObservedGeneration,
            UpdatedAt = s.UpdatedAt,
        };
    }

    /// <summary>A record that reached what its spec asks (every pair running, or placed where nothing is applied) observed its generation.</summary>
    private DeploymentRecord Observed(DeploymentRecord next) =>
        (next.Status == DeploymentStatus.Running || (next.Status == DeploymentStatus.Placed && !InCluster)) && next.Pending.Length == 0 && next.ObservedGeneration != next.Generation
            ? next with { ObservedGeneration = next.Generation }
            : next;

    /// <summary>
    /// Runs <paramref name="step"/> once after <paramref name="delay"/> on this activation (a grain timer; it dies with the
    /// activation, whose successor finds the same work in the record). A step that meets an outage again is retried later.
    /// </summary>
    public void Later(TimeSpan delay, Func<Task> step)
    {
        IGrainTimer? once = null;
        once = Grain.RegisterGrainTimer(
            async () =>
            {
                once?.Dispose();
                try
                {
                    await step();
                }
                catch (Exception e) when (Outages.Is(e))
                {
                    Logger.LogWarning(e, "Deployment {Name}: a retried step failed again; trying again in {Delay}", Name, RetryDelay);
                    Later(RetryDelay, step);
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    public static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : $"{a}; {b}";
}
