using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// What incidents blamed recently, indexed for correlation: by pair, by component key, and in time order for pruning. Kept
/// in memory by the failover grain (a signal costs O(its components), whatever the number of open incidents); after a
/// restart it starts empty, so a signal may open a new incident instead of joining one; incidents themselves persist.
/// </summary>
public sealed class RecentBlames
{
    private readonly Queue<RecentBlame> _byTime = new();
    private readonly Dictionary<string, RecentBlame> _byPair = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RecentBlame>> _byComponent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlamedComponent> _blamedBy = new(StringComparer.Ordinal);

    public RecentBlames(IEnumerable<RecentBlame>? entries = null)
    {
        foreach (var entry in entries ?? [])
        {
            Add(entry);
        }
    }

    public int Count => _byTime.Count;

    public void Add(RecentBlame entry)
    {
        _byTime.Enqueue(entry);
        _byPair[entry.Pair] = entry;
        if (!_byComponent.TryGetValue(entry.Key, out var list))
        {
            _byComponent[entry.Key] = list = [];
        }

        list.Add(entry);
        if (entry.Blamed)
        {
            _blamedBy[entry.Incident] = entry.Component;
        }
    }

    public RecentBlame? OfPair(string pair) => _byPair.GetValueOrDefault(pair);

    /// <summary>The latest entry for the component made for a pair not in <paramref name="except"/>.</summary>
    public RecentBlame? SharedWith(string componentKey, IReadOnlySet<string> except) =>
        _byComponent.TryGetValue(componentKey, out var list) ? list.LastOrDefault(e => !except.Contains(e.Pair)) : null;

    public BlamedComponent? BlamedBy(string incident) => _blamedBy.GetValueOrDefault(incident);

    public string[] IncidentsOfPool(string pool) => [.. _byTime.Where(e => e.Pool == pool).Select(e => e.Incident).Distinct()];

    public void Prune(DateTimeOffset before, int limit)
    {
        while (_byTime.Count > 0 && (_byTime.Peek().At < before || _byTime.Count > limit))
        {
            Forget(_byTime.Dequeue());
        }
    }

    public void ForgetPool(string pool)
    {
        var kept = _byTime.Where(e => e.Pool != pool).ToArray();
        foreach (var gone in _byTime.Where(e => e.Pool == pool))
        {
            Forget(gone);
        }

        _byTime.Clear();
        foreach (var entry in kept)
        {
            _byTime.Enqueue(entry);
        }
    }

    private void Forget(RecentBlame entry)
    {
        if (_byPair.TryGetValue(entry.Pair, out var latest) && latest == entry)
        {
            _byPair.Remove(entry.Pair);
        }

        if (_byComponent.TryGetValue(entry.Key, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byComponent.Remove(entry.Key);
            }
        }

        if (entry.Blamed && _blamedBy.TryGetValue(entry.Incident, out var blamed) && blamed == entry.Component && !_byTime.Any(e => e.Incident == entry.Incident && e.Blamed))
        {
            _blamedBy.Remove(entry.Incident);
        }
    }
}
