using System.Diagnostics.Metrics;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>Reads an observable instrument's current value in this process, as a collector would on its next scrape.</summary>
public static class ObservedCounter
{
    public static long Read(string meter, string instrument)
    {
        long total = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == meter && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
        listener.Start();
        listener.RecordObservableInstruments();
        return Interlocked.Read(ref total);
    }
}
