namespace ControlPlane.Placement;

/// <summary>The best pair candidate offered so far and the best one on other nodes (the runner-up).</summary>
internal sealed class TopCandidates
{
    public PairCandidate? Best { get; private set; }
    public PairCandidate? RunnerUp { get; private set; }

    public void Offer(PairCandidate candidate)
    {
        if (Best is null || candidate.Score > Best.Score)
        {
            if (Best is not null && !Best.SameNodes(candidate))
            {
                RunnerUp = Best;
            }

            Best = candidate;
        }
        else if (!Best.SameNodes(candidate) && (RunnerUp is null || candidate.Score > RunnerUp.Score))
        {
            RunnerUp = candidate;
        }
    }
}
