package guildhall.shim;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;

/** The stock `stemmer` filter's parameters: `language`, or its older alias `name` (empty = not given). */
@AnalysisSettings
public interface StemmerSettings {
    @StringSetting(path = "language", defaultValue = "")
    String language();

    @StringSetting(path = "name", defaultValue = "")
    String name();
}
