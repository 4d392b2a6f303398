namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>Channel connections of one process over one <c>via</c> path, and the ranks at their ends.</summary>
internal sealed class ChannelUse(string via, ViaKind kind, Evidence first)
{
    public string Via { get; } = via;
    public ViaKind Kind { get; } = kind;
    public Evidence First { get; } = first;
    public int Count { get; set; }
    public RankSet Ranks { get; } = new();
}
