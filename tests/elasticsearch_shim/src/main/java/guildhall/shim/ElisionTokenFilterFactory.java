package guildhall.shim;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Stand-in for stock Elasticsearch's `elision` token filter: removes elided articles ("l'été" -> "été").
 * `articles_case: true` makes the articles match in any case ("L'Été"), as stock's CharArraySet does.
 * Without `articles`, Lucene's French articles (FrenchAnalyzer.DEFAULT_ARTICLES) are used.
 */
@NamedComponent("elision")
public class ElisionTokenFilterFactory implements TokenFilterFactory {
    private final CharArraySet articles;

    @Inject
    public ElisionTokenFilterFactory(ElisionSettings settings) {
        articles = settings.articles().isEmpty()
            ? FrenchAnalyzer.DEFAULT_ARTICLES
            : new CharArraySet(settings.articles(), settings.articlesCase());
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ElisionFilter(tokenStream, articles);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return create(tokenStream);
    }
}
