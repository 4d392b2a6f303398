using ControlPlane.Agent.Collection;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Replay;

/// <summary>Node facts from a directory of captured tool outputs (a support bundle, a fixture) instead of the live node.</summary>
internal static class ReplayCollector
{
    public const string SourceName = "replay";

    public static NodeFacts Collect(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"capture directory {directory} does not exist");
        }

        var captures = CaptureFiles.Load(directory);
        var inventory = CaptureInventory.Build(captures, SourceName);
        var notes = new List<string>(inventory.Notes);
        if (!captures.HasGpuFacts)
        {
            notes.Add($"{directory} holds no GPU capture ({CaptureFiles.SmiXml}, {CaptureFiles.QueryCsv}, {CaptureFiles.GpuList}, {CaptureFiles.ProcGpus}): zero GPUs");
        }

        var nics = CaptureNics.From(captures);
        var topology = TopologyComposer.Compose(inventory, nics, pci: null, notes);
        return new NodeFacts
        {
            Gpus = inventory,
            Nics = nics,
            Topology = topology,
            Versions = new SoftwareVersions { Driver = inventory.Driver ?? "", Cuda = inventory.Cuda ?? "" },
            Notes = notes,
        };
    }
}
