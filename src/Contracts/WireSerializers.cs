using ControlPlane.Wire.Probes;

// The wire types carry Orleans attributes but no generated code (the agent must not need the Orleans
// runtime): their serializers and copiers are generated into this assembly instead.
[assembly: GenerateCodeForDeclaringAssembly(typeof(ProbeReport))]
