namespace QcsCloud.Model;

/// <summary>What a PyTorch weight file holds, as recognised by its keys.</summary>
public enum WeightFileKind
{
    /// <summary>A bare IR-50 (ir50.pth): <c>input_layer.*</c>, <c>body1..3.*</c> or the flat face.evoLVe <c>body.N.*</c>.</summary>
    Ir50,

    /// <summary>A model state dict under the reference's names (reference QCS/DCS checkpoints and ours).</summary>
    Network,
}
