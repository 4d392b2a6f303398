namespace ControlPlane.Grains;

/// <summary>
/// References to string-keyed grains without resolving the interface's grain type on every call: Orleans'
/// <c>GetGrain&lt;T&gt;(string)</c> formats and parses the interface's type name each time (about 1 KiB and a
/// reflection walk per call), which the ingestion path paid on every probe report. The types are resolved once
/// per interface through Orleans itself and reused; the reference is the same one <c>GetGrain&lt;T&gt;</c> returns.
/// </summary>
public static class StringKeyedGrains
{
    public static T Grain<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var types = ResolvedTypes<T>.Get(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static class ResolvedTypes<T> where T : IGrainWithStringKey
    {
        // A reference type, so a reader sees either nothing or both types, never half of a struct being written.
        private static Types? _types;

        public static Types Get(IGrainFactory grains)
        {
            if (_types is { } known)
            {
                return known;
            }

            var probe = (GrainReference)(object)grains.GetGrain<T>("type-probe");
            return _types = new Types(probe.GrainId.Type, probe.InterfaceType);
        }
    }

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);
}
