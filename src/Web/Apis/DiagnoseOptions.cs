using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Apis;

/// <summary><c>ControlPlane:Diagnose</c>.</summary>
internal sealed class DiagnoseOptions
{
    public const string Section = "ControlPlane:Diagnose";

    /// <summary>Most bytes of logs one diagnosis request may carry.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 16 * 1024 * 1024;
}
