using System.Reflection;
using System.Text.Json;
using ControlPlane.Agent.Cli;

namespace ControlPlane.Agent.Tests.Packaging;

/// <summary>
/// cp-agent is published trimmed and carries no Orleans runtime: the only Orleans assembly it may reach is
/// Orleans.Serialization.Abstractions, the attributes on the wire types. A reference to ControlPlane.Contracts (or to
/// any other Orleans package) from the agent, Probes, Wire or Diagnostics breaks these tests.
/// </summary>
public sealed class OrleansFreeTests
{
    private const string AllowedAssembly = "Orleans.Serialization.Abstractions";
    private const string AllowedPackage = "Microsoft.Orleans.Serialization.Abstractions";

    [Fact]
    public void Agent_code_reaches_no_Orleans_assembly_but_the_serialization_attributes()
    {
        var reached = ReferenceClosure(typeof(AgentCli).Assembly);

        Assert.Contains("ControlPlane.Wire", reached);
        Assert.DoesNotContain("ControlPlane.Contracts", reached);
        Assert.DoesNotContain(reached, name => IsOrleans(name) && name != AllowedAssembly);
    }

    [Fact]
    public void Agent_dependency_graph_holds_no_Orleans_package_but_the_serialization_attributes()
    {
        // The SDK copies the referenced exe's deps.json next to the tests: it lists every package and project the
        // published agent is built from, used in code or not.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cp-agent.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("ControlPlane.Wire", libraries);
        Assert.DoesNotContain("ControlPlane.Contracts", libraries);
        Assert.DoesNotContain(libraries, name => IsOrleans(name) && name != AllowedPackage);
    }

    private static bool IsOrleans(string name) =>
        name.StartsWith("Orleans.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Microsoft.Orleans.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every assembly name referenced from <paramref name="root"/>, following the ControlPlane assemblies it ships with.</summary>
    private static SortedSet<string> ReferenceClosure(Assembly root)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name) && name.StartsWith("ControlPlane.", StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }
}
