using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Apis;

/// <summary><c>ControlPlane:Ingestion</c>.</summary>
internal sealed class IngestionOptions
{
    public const string Section = "ControlPlane:Ingestion";

    /// <summary>Largest probe report accepted; a 64-GPU node with full matrices is well under 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxProbeBytes { get; set; } = 1024 * 1024;
}
