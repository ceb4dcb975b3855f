package guildhall.shim;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Stand-in for stock Elasticsearch's `synonym_graph` token filter with inline `synonyms` in Solr format
 * ("ipa, india pale ale"; "a => b"), built with Lucene's own SolrSynonymParser and SynonymGraphFilter as stock does.
 *
 * One difference: stock parses the rules with the analysis chain that precedes the filter in the analyzer; a stable
 * plugin cannot see that chain, so the rules are parsed with the standard tokenizer and lowercase - exactly what
 * precedes the filter in Guildhall's English search analyzer (search/documents.py). `lenient: true` skips a rule
 * that does not analyse (as stock's ESSolrSynonymParser); otherwise a bad rule refuses the index.
 */
@NamedComponent("synonym_graph")
public class SynonymGraphTokenFilterFactory implements TokenFilterFactory {
    private final SynonymMap synonyms;

    @Inject
    public SynonymGraphTokenFilterFactory(SynonymGraphSettings settings) {
        Analyzer rulesAnalyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
            }
        };
        LenientSolrParser parser = new LenientSolrParser(settings.expand(), rulesAnalyzer, settings.lenient());
        try {
            parser.parse(new StringReader(String.join("\n", settings.synonyms())));
            synonyms = parser.build();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        // An empty map (no rules) would make SynonymGraphFilter refuse: pass the tokens through, as stock does.
        return synonyms.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, synonyms, false);
    }

    /** Stock's ESSolrSynonymParser: with `lenient`, a rule that does not analyse is skipped, not an error. */
    private static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, Analyzer analyzer, boolean lenient) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (!lenient) {
                    throw e;
                }
                return new CharsRef();
            }
        }
    }
}
