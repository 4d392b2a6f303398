namespace ControlPlane.Diagnostics;

/// <summary>A log line backing a finding: <see cref="Line"/> is 1-based in the file as given.</summary>
public sealed record Evidence(string File, int Line, string Text);
