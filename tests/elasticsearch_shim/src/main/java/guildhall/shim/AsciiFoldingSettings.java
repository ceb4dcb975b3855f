package guildhall.shim;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/** The stock `asciifolding` filter's parameter: keep the original token next to the folded one. */
@AnalysisSettings
public interface AsciiFoldingSettings {
    @BooleanSetting(path = "preserve_original", defaultValue = false)
    boolean preserveOriginal();
}
