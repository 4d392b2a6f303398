namespace ControlPlane.Diagnostics;

/// <summary>
/// What the logs say about multi-node NVLink (GB200/GB300 NVL72 trays). <see cref="Active"/>: some rank's communicator
/// runs with MNNVL on (<c>MNNVL 1</c>); <see cref="InDomain"/>: some rank's GPU reported a fabric domain (non-zero cluster
/// UUID, registration completed); <see cref="ImexFailure"/>: NCCL found MNNVL available but IMEX refused it.
/// </summary>
public sealed record MultiNodeNvlink(bool Active, bool InDomain, IReadOnlyList<int> Ranks, int? CliqueSize, bool ImexFailure);
