using System.Text.Json;
using System.Text.Json.Serialization;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Samples.FleetClient;

/// <summary>
/// How an internal service creates or changes a deployment: straight through its grain, which checks the spec with the
/// rules REST applies (an invalid one is an <see cref="InvalidInputException"/> naming each field, and nothing is stored).
/// </summary>
internal static class DeploymentWriter
{
    /// <summary>The API's JSON: camelCase, enums by name, a field the spec does not have is an error.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>0 when the deployment took the spec, 1 when it was refused (fits nowhere, unavailable), 2 when the spec is invalid.</summary>
    public static async Task<int> PutAsync(IGrainFactory grains, string name, string specFile, TextWriter output, TextWriter error)
    {
        DeploymentSpec? spec;
        try
        {
            await using var file = File.OpenRead(specFile);
            spec = await JsonSerializer.DeserializeAsync<DeploymentSpec>(file, Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{specFile}: {e.Message}");
            return 2;
        }

        PutOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IModelDeploymentGrain>(name).PutAsync(spec!);
        }
        catch (InvalidInputException invalid)
        {
            await error.WriteLineAsync($"{invalid.Title}; nothing was stored:");
            foreach (var (field, messages) in invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"  {field}: {string.Join("; ", messages)}");
            }

            return 2;
        }

        if (outcome.Refused is { } refused)
        {
            await error.WriteLineAsync($"deployment {name}: {refused}: {outcome.Detail}");
            return 1;
        }

        var view = outcome.View!;
        await output.WriteLineAsync($"deployment {name}: {view.Status}, generation {view.Generation}, {view.Pairs.Length} pairs");
        foreach (var pair in view.Pairs)
        {
            await output.WriteLineAsync($"  pair {pair.Index}: {pair.Placement.Prefill.Node} -> {pair.Placement.Decode.Node} over {pair.Placement.Tier}");
        }

        return 0;
    }
}
