namespace QcsCloud.Core;

/// <summary>Phase of a run: training from ImageNet/ir50 weights, or fine-tuning from the pretrain model.</summary>
public enum TrainPhase
{
    Pretrain,
    FineTune,
}
