package guildhall.shim;

import java.util.List;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/** The stock `elision` filter's parameters: the elided `articles` and whether they match any case. */
@AnalysisSettings
public interface ElisionSettings {
    @ListSetting(path = "articles")
    List<String> articles();

    @BooleanSetting(path = "articles_case", defaultValue = false)
    boolean articlesCase();
}
