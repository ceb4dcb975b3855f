package guildhall.shim;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Stand-in for stock Elasticsearch's `stemmer` token filter (analysis-common), for the English and French
 * languages, built from the same Lucene classes stock maps each `language` to. Like stock, `language`
 * (alias `name`) defaults to `porter`, is case-insensitive, and an unknown language refuses the index.
 */
@NamedComponent("stemmer")
public class StemmerTokenFilterFactory implements TokenFilterFactory {
    private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = new TreeMap<>(Map.of(
        "porter", PorterStemFilter::new,
        "english", PorterStemFilter::new,
        "possessive_english", EnglishPossessiveFilter::new,
        "light_english", KStemFilter::new,
        "minimal_english", EnglishMinimalStemFilter::new,
        "light_french", FrenchLightStemFilter::new,
        "minimal_french", FrenchMinimalStemFilter::new
    ));

    private final UnaryOperator<TokenStream> stemmer;

    @Inject
    public StemmerTokenFilterFactory(StemmerSettings settings) {
        String language = settings.language().isEmpty() ? settings.name() : settings.language();
        if (language.isEmpty()) {
            language = "porter";
        }
        stemmer = STEMMERS.get(language.toLowerCase(Locale.ROOT));
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "Unknown stemmer language [" + language + "]: the test-only stock-analysis-shim knows "
                    + String.join(", ", STEMMERS.keySet())
                    + " (a standard Elasticsearch distribution has them all)"
            );
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
