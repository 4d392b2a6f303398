namespace ControlPlane.Kubernetes;

/// <summary>The engines the renderer knows; the spec validator can ask <see cref="Unsupported"/> before placement.</summary>
internal static class EngineCommands
{
    private static readonly IEngineCommand[] All = [new SglangCommand(), new VllmCommand()];

    public static IEngineCommand For(string engine) =>
        All.FirstOrDefault(e => string.Equals(e.Engine, engine, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{engine}' is not an engine the renderer knows; use 'sglang' or 'vllm'.", "engine");

    /// <summary>Null when the engine and transfer backend go together, else the reason (e.g. SGLang has no NCCL KV backend).</summary>
    public static string? Unsupported(string engine, string transferBackend) =>
        All.FirstOrDefault(e => string.Equals(e.Engine, engine, StringComparison.OrdinalIgnoreCase)) is { } command
            ? command.Unsupported(transferBackend)
            : $"'{engine}' is not an engine the renderer knows; use 'sglang' or 'vllm'.";
}
