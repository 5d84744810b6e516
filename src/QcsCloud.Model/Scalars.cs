using TorchSharp;

namespace QcsCloud.Model;

/// <summary>
/// Long-lived TorchSharp scalars. TorchSharp 0.107 passes a <see cref="Scalar"/>'s native handle to libtorch without
/// keeping the object alive during the call, so a temporary one (an implicit <c>double</c> conversion, or the alpha
/// of 1 that <c>a + b</c> creates) can be finalised mid-call by a GC started on another thread (the data loader's
/// workers): libtorch then reads freed memory and fails with "Unknown scalar type". Static scalars never die; pass
/// them explicitly (<c>a.add(b, Scalars.One)</c>) on every path that runs while other threads allocate. TorchSharp's own
/// BatchNorm2d has such temporaries: use <see cref="Layers.SafeBatchNorm2d"/>.
/// </summary>
public static class Scalars
{
    public static readonly Scalar One = 1;

    /// <summary>A scalar that lives as long as its owner (a module field), for constants such as an attention scale.</summary>
    public static Scalar Of(double value) => value;
}
