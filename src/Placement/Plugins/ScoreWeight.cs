namespace ControlPlane.Placement;

/// <summary>
/// One weight of a score plugin, declared by the score itself: its key under <c>ControlPlane:Placement:Weights</c>, its
/// default (today's tuned value), the largest value it accepts and what one unit of it means.
/// </summary>
public sealed record ScoreWeight(string Key, double Default, double Max, string Meaning);
