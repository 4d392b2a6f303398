namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>The line being scanned; turns into an <see cref="Evidence"/> only when a fact needs one.</summary>
internal readonly ref struct LineContext(string file, int number, ReadOnlySpan<char> text, ScanBudget budget)
{
    // Evidence lines are quoted back to people: a 2 kB "Trees" line helps nobody.
    private const int MaxEvidenceChars = 400;

    public ReadOnlySpan<char> Text { get; } = text;

    public ScanBudget Budget { get; } = budget;

    /// <summary>This line as evidence that replaces another (a best-so-far field): not charged.</summary>
    public Evidence ToEvidence()
    {
        var text = Text.Length > MaxEvidenceChars ? Text[..MaxEvidenceChars] : Text;
        return new Evidence(file, number, text.ToString());
    }

    /// <summary>This line as evidence the scan keeps, or null once the budget is spent.</summary>
    public Evidence? Keep() =>
        Budget.TryTake(48 + ScanBudget.StringCost(Math.Min(Text.Length, MaxEvidenceChars))) ? ToEvidence() : null;
}
