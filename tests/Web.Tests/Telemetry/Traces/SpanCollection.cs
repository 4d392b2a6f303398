using System.Collections;
using System.Diagnostics;

namespace ControlPlane.Web.Tests.Telemetry.Traces;

/// <summary>What the in-memory exporter collects, safe to read while spans of other grains keep ending.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public int Count
    {
        get
        {
            lock (spans)
            {
                return spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The ended spans of one trace.</summary>
    public Activity[] Of(string traceId)
    {
        lock (spans)
        {
            return [.. spans.Where(s => s.TraceId.ToHexString() == traceId)];
        }
    }

    public Activity[] Where(Func<Activity, bool> predicate)
    {
        lock (spans)
        {
            return [.. spans.Where(predicate)];
        }
    }

    public void Add(Activity item)
    {
        lock (spans)
        {
            spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (spans)
        {
            spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (spans)
        {
            return spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (spans)
        {
            spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (spans)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (spans)
        {
            return spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
