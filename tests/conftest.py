import pytest
from django.contrib.auth.models import User

from radsmodell.council.demo.load import load_demo


@pytest.fixture
def demo(db):
    """The council register as the seeds give it."""
    return load_demo()


@pytest.fixture
def secretariat(demo) -> User:
    return User.objects.get(username="sekretariat")


@pytest.fixture
def member(demo) -> User:
    return User.objects.get(username="medlem")


@pytest.fixture
def strategy(db):
    """The strategy, roadmap and indicators (they link to portfolio initiatives, so those load first)."""
    from radsmodell.portfolio.demo.load import load_demo as load_portfolio
    from radsmodell.strategy.demo.load import load_demo as load_strategy

    load_portfolio()
    return load_strategy()


@pytest.fixture
def costs(db):
    """The cost registers, cost bases, demo allocations, gates and investment cases (after the portfolio)."""
    from radsmodell.costs.demo.load import load_demo as load_costs
    from radsmodell.portfolio.demo.load import load_demo as load_portfolio

    load_portfolio()
    return load_costs()
