namespace ControlPlane.Samples.FleetClient;

/// <summary><c>--redis HOST:PORT [--cluster-id ID] [--service-id ID] [--node NAME] [--put-deployment NAME --spec FILE]</c>.</summary>
internal sealed record ClientArguments
{
    public required string Redis { get; init; }
    public string ClusterId { get; init; } = "controlplane";
    public string ServiceId { get; init; } = "controlplane";
    public string? Node { get; init; }

    /// <summary>With <see cref="Spec"/>: create or change this deployment through its grain instead of reading the fleet.</summary>
    public string? PutDeployment { get; init; }

    /// <summary>A deployment spec as JSON, the body <c>PUT /api/v1/deployments/{name}</c> takes.</summary>
    public string? Spec { get; init; }

    public const string Usage =
        "usage: fleet-client --redis HOST:PORT [--cluster-id ID] [--service-id ID] [--node NAME] [--put-deployment NAME --spec FILE]";

    private static readonly string[] Known = ["--redis", "--cluster-id", "--service-id", "--node", "--put-deployment", "--spec"];

    /// <summary>Null, with <paramref name="error"/> set, when the arguments are not usable.</summary>
    public static ClientArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!Known.Contains(args[i], StringComparer.Ordinal))
            {
                error = $"unknown argument '{args[i]}'";
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{args[i]} needs a value";
                return null;
            }

            values[args[i]] = args[++i];
        }

        if (!values.TryGetValue("--redis", out var redis))
        {
            error = "--redis is required";
            return null;
        }

        if (values.ContainsKey("--put-deployment") != values.ContainsKey("--spec"))
        {
            error = "--put-deployment and --spec go together";
            return null;
        }

        error = null;
        return new ClientArguments
        {
            Redis = redis,
            ClusterId = values.GetValueOrDefault("--cluster-id", "controlplane"),
            ServiceId = values.GetValueOrDefault("--service-id", "controlplane"),
            Node = values.GetValueOrDefault("--node"),
            PutDeployment = values.GetValueOrDefault("--put-deployment"),
            Spec = values.GetValueOrDefault("--spec"),
        };
    }
}
